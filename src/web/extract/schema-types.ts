/**
 * schema.org types that describe a business or an organization, with a rank used to pick the
 * node that is the place when a page carries several (a WebSite publisher Organization and a
 * Restaurant: the Restaurant).
 *
 * Source: the schema.org type hierarchy (schema.org/LocalBusiness "More specific types",
 * schema.org/Organization, schema.org/Store, schema.org/FoodEstablishment, v26). The list holds the
 * subtypes themselves, not their members' extension vocabularies.
 */

// biome-ignore format: compact lookup table
const LOCAL_BUSINESS_TYPES = [
  "LocalBusiness", "AnimalShelter", "ArchiveOrganization", "AutomotiveBusiness", "AutoBodyShop", "AutoDealer",
  "AutoPartsStore", "AutoRental", "AutoRepair", "AutoWash", "GasStation", "MotorcycleDealer", "MotorcycleRepair",
  "ChildCare", "Dentist", "DryCleaningOrLaundry", "EmergencyService", "FireStation", "Hospital", "PoliceStation",
  "EmploymentAgency", "EntertainmentBusiness", "AdultEntertainment", "AmusementPark", "ArtGallery", "Casino",
  "ComedyClub", "MovieTheater", "NightClub", "FinancialService", "AccountingService", "AutomatedTeller",
  "BankOrCreditUnion", "InsuranceAgency", "FoodEstablishment", "Bakery", "BarOrPub", "Brewery",
  "CafeOrCoffeeShop", "Distillery", "FastFoodRestaurant", "IceCreamShop", "Restaurant", "Winery",
  "GovernmentOffice", "PostOffice", "HealthAndBeautyBusiness", "BeautySalon", "DaySpa", "HairSalon",
  "HealthClub", "NailSalon", "TattooParlor", "HomeAndConstructionBusiness", "Electrician", "GeneralContractor",
  "HVACBusiness", "HousePainter", "Locksmith", "MovingCompany", "Plumber", "RoofingContractor", "InternetCafe",
  "LegalService", "Attorney", "Notary", "Library", "LodgingBusiness", "BedAndBreakfast", "Campground",
  "Hostel", "Hotel", "Motel", "Resort", "SkiResort", "VacationRental", "MedicalBusiness", "CommunityHealth",
  "Dermatology", "DietNutrition", "Geriatric", "Gynecologic", "MedicalClinic", "CovidTestingFacility",
  "Midwifery", "Nursing", "Obstetric", "Oncologic", "Optician", "Optometric", "Otolaryngologic",
  "Pediatric", "Pharmacy", "Physician", "IndividualPhysician", "PhysiciansOffice", "Physiotherapy",
  "PlasticSurgery", "Podiatric", "PrimaryCare", "Psychiatric", "PublicHealth", "ProfessionalService",
  "RadioStation", "RealEstateAgent", "RecyclingCenter", "SelfStorage", "ShoppingCenter",
  "SportsActivityLocation", "BowlingAlley", "ExerciseGym", "GolfCourse", "PublicSwimmingPool",
  "SportsClub", "StadiumOrArena", "TennisComplex", "Store", "BikeStore", "BookStore", "ClothingStore",
  "ComputerStore", "ConvenienceStore", "DepartmentStore", "ElectronicsStore", "Florist", "FurnitureStore",
  "GardenStore", "GroceryStore", "HardwareStore", "HobbyShop", "HomeGoodsStore", "JewelryStore",
  "LiquorStore", "MensClothingStore", "MobilePhoneStore", "MovieRentalStore", "MusicStore",
  "OfficeEquipmentStore", "OutletStore", "PawnShop", "PetStore", "ShoeStore", "SportingGoodsStore",
  "TireShop", "ToyStore", "WholesaleStore", "TelevisionStation", "TouristInformationCenter", "TravelAgency",
  "VeterinaryCare", "Museum", "Zoo", "Aquarium", "TouristAttraction",
];

// biome-ignore format: compact lookup table
const ORGANIZATION_TYPES = [
  "Organization", "Corporation", "NGO", "OnlineBusiness", "OnlineStore", "EducationalOrganization", "School",
  "CollegeOrUniversity", "ElementarySchool", "HighSchool", "MiddleSchool", "Preschool", "LanguageSchool",
  "MedicalOrganization", "SportsOrganization", "SportsTeam", "PerformingGroup", "TheaterGroup",
  "DanceGroup", "LibrarySystem", "WorkersUnion", "FundingScheme", "Project", "ResearchOrganization",
  "PoliticalParty", "Consortium", "NewsMediaOrganization", "Airline", "SearchRescueOrganization",
  "PlaceOfWorship", "Church", "Mosque", "Synagogue", "HinduTemple", "BuddhistTemple", "CatholicChurch",
];

const RANK = new Map<string, number>([
  ...ORGANIZATION_TYPES.map((t) => [t, 1] as const),
  ...LOCAL_BUSINESS_TYPES.map((t) => [t, 2] as const),
]);

/** "http://schema.org/Restaurant", "schema:Restaurant", "Restaurant" → "Restaurant". */
export function schemaTypeName(raw: string): string {
  return raw
    .trim()
    .replace(/^https?:\/\/(?:www\.)?schema\.org\//i, "")
    .replace(/^schema:/i, "");
}

/** 2 for LocalBusiness and its subtypes, 1 for other organizations, 0 for anything else. */
export function businessRank(types: readonly string[]): number {
  let best = 0;
  for (const t of types) best = Math.max(best, RANK.get(t) ?? 0);
  return best;
}
